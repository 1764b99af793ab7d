package dev.secretsync.controller.migrate;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether ack-secret-manager still runs. Both controllers would write the same Secrets (they elect
 * leaders on different Leases), so {@code migrate} refuses until ack-secret-manager's Deployment
 * is scaled to zero (or gone) and its leader lock is not held: the Lease
 * {@code ack-secret-manager-lock} of v0.6.7, or the ConfigMap of the same name that older
 * releases hold for the life of their leader pod.
 */
final class AckPresence {

    static final String LOCK_NAME = "ack-secret-manager-lock";
    static final String NAME = "ack-secret-manager";
    private static final String HELM_RELEASE_NAME = "meta.helm.sh/release-name";
    private static final String HELM_RELEASE_NAMESPACE = "meta.helm.sh/release-namespace";

    private final KubernetesClient client;
    private final Clock clock;

    AckPresence(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Adds a blocker for every sign that ack-secret-manager is running. */
    void check(List<Deployment> deployments, List<String> blockers) {
        for (Deployment d : deployments) {
            int wanted = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            int running = d.getStatus() == null || d.getStatus().getReplicas() == null ? 0 : d.getStatus().getReplicas();
            if (wanted > 0 || running > 0) {
                blockers.add("ack-secret-manager is still running: Deployment " + id(d) + " has " + Math.max(wanted, running)
                        + " replica(s). Scale it to zero first: kubectl --namespace " + d.getMetadata().getNamespace()
                        + " scale deployment " + d.getMetadata().getName() + " --replicas=0");
            }
        }
        for (Lease lease : client.leases().inAnyNamespace().list().getItems()) {
            if (LOCK_NAME.equals(lease.getMetadata().getName())) {
                heldBy(lease).ifPresent(holder -> blockers.add("Lease " + id(lease) + " is held by " + holder
                        + ": an ack-secret-manager replica is still leading. Wait until it has stopped (the lease "
                        + "expires " + leaseDuration(lease).toSeconds() + " s after its last renewal)"));
            }
        }
        for (ConfigMap lock : client.configMaps().inAnyNamespace().list().getItems()) {
            if (LOCK_NAME.equals(lock.getMetadata().getName())) {
                livePodOwner(lock).ifPresent(pod -> blockers.add("ConfigMap " + id(lock) + " (the leader lock of "
                        + "ack-secret-manager before v0.6.7) is held by Pod " + pod + ", which still runs: stop it first"));
            }
        }
    }

    /** ack-secret-manager's Deployments: by its chart's name label or by the command or image it runs. */
    List<Deployment> deployments() {
        return client.apps().deployments().inAnyNamespace().list().getItems().stream()
                .filter(AckPresence::isAckSecretManager).toList();
    }

    /** The Helm release to uninstall: from the Deployment's (or the CRDs') Helm annotations, else the defaults. */
    static MigrationPlan.HelmRelease release(List<Deployment> deployments, List<? extends HasMetadata> crds) {
        for (HasMetadata o : concat(deployments, crds)) {
            Map<String, String> a = o.getMetadata().getAnnotations();
            if (a != null && a.get(HELM_RELEASE_NAME) != null && a.get(HELM_RELEASE_NAMESPACE) != null) {
                return new MigrationPlan.HelmRelease(a.get(HELM_RELEASE_NAME), a.get(HELM_RELEASE_NAMESPACE), true);
            }
        }
        String namespace = deployments.isEmpty() ? "kube-system" : deployments.get(0).getMetadata().getNamespace();
        return new MigrationPlan.HelmRelease(NAME, namespace, false);
    }

    static boolean isAckSecretManager(Deployment d) {
        Map<String, String> labels = d.getMetadata().getLabels();
        if (labels != null && NAME.equals(labels.get("app.kubernetes.io/name"))) {
            return true;
        }
        if (d.getSpec() == null || d.getSpec().getTemplate() == null || d.getSpec().getTemplate().getSpec() == null) {
            return false;
        }
        for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
            boolean command = c.getCommand() != null && !c.getCommand().isEmpty() && NAME.equals(c.getCommand().get(0));
            boolean image = c.getImage() != null && c.getImage().contains("/" + NAME + ":");
            if (command || image) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> heldBy(Lease lease) {
        var spec = lease.getSpec();
        if (spec == null || spec.getHolderIdentity() == null || spec.getHolderIdentity().isBlank()) {
            return Optional.empty(); // released (ReleaseOnCancel empties the holder)
        }
        ZonedDateTime renewed = spec.getRenewTime() != null ? spec.getRenewTime() : spec.getAcquireTime();
        if (renewed != null && renewed.toInstant().plus(leaseDuration(lease)).isBefore(clock.instant())) {
            return Optional.empty(); // expired: its holder is gone
        }
        return Optional.of(spec.getHolderIdentity());
    }

    private static Duration leaseDuration(Lease lease) {
        Integer seconds = lease.getSpec() == null ? null : lease.getSpec().getLeaseDurationSeconds();
        return Duration.ofSeconds(seconds == null ? 15 : seconds); // controller-runtime's default
    }

    private Optional<String> livePodOwner(ConfigMap lock) {
        List<OwnerReference> owners = lock.getMetadata().getOwnerReferences();
        if (owners == null) {
            return Optional.empty();
        }
        for (OwnerReference owner : owners) {
            if ("Pod".equals(owner.getKind())) {
                Pod pod = client.pods().inNamespace(lock.getMetadata().getNamespace()).withName(owner.getName()).get();
                String phase = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
                if (pod != null && pod.getMetadata().getDeletionTimestamp() == null
                        && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                    return Optional.of(lock.getMetadata().getNamespace() + "/" + owner.getName());
                }
            }
        }
        return Optional.empty();
    }

    private static List<HasMetadata> concat(List<? extends HasMetadata> a, List<? extends HasMetadata> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).map(HasMetadata.class::cast).toList();
    }

    static String id(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return ns == null ? o.getMetadata().getName() : ns + "/" + o.getMetadata().getName();
    }
}
