package dev.secretsync.controller.migrate;

import dev.secretsync.k8s.model.ExternalSecret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The Kubernetes side of taking over from ack-secret-manager, safe to run again: {@link #plan()}
 * reads the cluster and changes nothing; {@link #apply} makes the planned changes, each additive
 * and conditional on the object's resourceVersion. Nothing is changed while anything blocks.
 *
 * <pre>{@code
 * AckMigration migration = AckMigration.of(client, Clock.systemUTC());
 * MigrationPlan plan = migration.plan();           // what --dry-run prints
 * if (!plan.blocked()) migration.apply(plan, System.out::println);
 * }</pre>
 */
public final class AckMigration {

    private final KubernetesClient client;
    private final AckPresence presence;
    private final CrdMigration crds;
    private final SecretAdoption adoption;

    private AckMigration(KubernetesClient client, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.presence = new AckPresence(client, Objects.requireNonNull(clock, "clock"));
        this.crds = new CrdMigration(client);
        this.adoption = new SecretAdoption(client);
    }

    public static AckMigration of(KubernetesClient client, Clock clock) {
        return new AckMigration(client, clock);
    }

    /** What the cluster holds and what migrating it takes; reads only. */
    public MigrationPlan plan() {
        List<String> blockers = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        List<Deployment> deployments = presence.deployments();
        presence.check(deployments, blockers);
        Map<String, CustomResourceDefinition> live = crds.live();
        Map<String, Integer> stored = crds.plan(live, changes, blockers);
        SecretAdoption.Counts adopted = new SecretAdoption.Counts(0, 0);
        if (blockers.isEmpty()) {
            // Every stored field fits secret-sync's schema, so its model reads them all.
            List<ExternalSecret> externalSecrets = client.resources(ExternalSecret.class).inAnyNamespace().list().getItems();
            adopted = adoption.plan(externalSecrets, changes, conflicts);
        }
        MigrationPlan.Found found = new MigrationPlan.Found(stored.getOrDefault("ExternalSecret", 0),
                stored.getOrDefault("SecretStore", 0), stored.getOrDefault("ClusterSecretStore", 0),
                stored.getOrDefault("ClusterExternalSecret", 0), adopted.toAdopt(), adopted.alreadyAdopted());
        if (blockers.isEmpty()) {
            missingPermissions(changes, blockers);
        }
        return new MigrationPlan(blockers, changes, conflicts, found,
                AckPresence.release(deployments, List.copyOf(live.values())));
    }

    /**
     * Makes the planned changes in order, reporting each to {@code progress}; stops at the first
     * that fails (each is conditional, so running {@code migrate} again picks up where it stopped).
     *
     * @return how many were made
     * @throws IllegalStateException if the plan is blocked
     * @throws MigrationException naming the change that failed and why
     */
    public int apply(MigrationPlan plan, Consumer<String> progress) {
        if (plan.blocked()) {
            throw new IllegalStateException("the migration is blocked: " + plan.blockers().get(0));
        }
        int done = 0;
        for (Change change : plan.changes()) {
            try {
                change.apply(client);
            } catch (KubernetesClientException e) {
                throw new MigrationException("could not " + change.description() + ": " + reason(e)
                        + (done > 0 ? " (" + done + " earlier change(s) were made; run migrate again)" : ""), done);
            }
            progress.accept(change.description());
            done++;
        }
        return done;
    }

    /** A change that failed, with how many before it were made. */
    public static final class MigrationException extends RuntimeException {
        private final int done;

        MigrationException(String message, int done) {
            super(message);
            this.done = done;
        }

        public int done() {
            return done;
        }
    }

    /**
     * Asks the API server (SelfSubjectAccessReview) whether the caller may make the kinds of change
     * planned, so that a missing permission stops the run before anything changes. A server that
     * answers without a verdict is trusted; the change itself then reports a 403.
     */
    private void missingPermissions(List<Change> changes, List<String> blockers) {
        for (Change.Permission p : new LinkedHashSet<>(changes.stream().map(Change::permission).toList())) {
            SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec()
                    .withResourceAttributes(new ResourceAttributesBuilder().withGroup(p.group())
                            .withResource(p.resource()).withVerb(p.verb()).build())
                    .endSpec().build();
            try {
                SelfSubjectAccessReview answer = client.authorization().v1().selfSubjectAccessReview().create(review);
                if (answer != null && answer.getStatus() != null && Boolean.FALSE.equals(answer.getStatus().getAllowed())) {
                    blockers.add("no permission to " + p.verb() + " " + p.resourceName() + " in every namespace: run "
                            + "migrate as a cluster administrator (check: kubectl auth can-i " + p.verb() + " "
                            + p.resourceName() + " --all-namespaces)");
                }
            } catch (KubernetesClientException e) {
                // No verdict to be had: the change itself reports a 403.
            }
        }
    }

    private static String reason(KubernetesClientException e) {
        return switch (e.getCode()) {
            case 403 -> "HTTP 403 Forbidden: run migrate as a cluster administrator";
            case 404 -> "HTTP 404: the object is gone";
            case 409 -> "HTTP 409: the object changed since it was read";
            default -> e.getCode() > 0 ? "HTTP " + e.getCode() : "the API server could not be reached";
        };
    }
}
