package dev.secretsync.controller.migrate;

import java.util.List;

/**
 * What {@code migrate} found and would do. A value: computed from the cluster without changing
 * it, printed by {@code --dry-run}, carried out by {@link AckMigration#apply}.
 *
 * @param blockers  reasons nothing may be changed yet (ack-secret-manager still running, a CRD
 *                  missing, a field the new schemas would prune, no permission); empty when clear
 * @param changes   the changes to make, in order; each is additive (annotations, labels, schemas
 *                  that keep every stored field), so none can lose data
 * @param conflicts objects left alone on purpose, each with the reason (a Secret owned by
 *                  something else, a Secret two ExternalSecrets claim, keys it would not write)
 * @param found     what is in the cluster, for the summary
 * @param helmRelease how ack-secret-manager was installed, for the uninstall command
 */
public record MigrationPlan(List<String> blockers, List<Change> changes, List<String> conflicts, Found found,
                            HelmRelease helmRelease) {

    public MigrationPlan {
        blockers = List.copyOf(blockers);
        changes = List.copyOf(changes);
        conflicts = List.copyOf(conflicts);
    }

    public boolean blocked() {
        return !blockers.isEmpty();
    }

    /** Resources found, by kind. */
    public record Found(int externalSecrets, int secretStores, int clusterSecretStores, int clusterExternalSecrets,
                        int secretsToAdopt, int secretsAlreadyAdopted) {
    }

    /** The Helm release ack-secret-manager came from (defaults when it was not installed with Helm). */
    public record HelmRelease(String name, String namespace, boolean fromHelm) {

        /** The uninstall that keeps every resource: no hooks (its pre-delete Job deletes every ExternalSecret). */
        public String uninstallCommand() {
            return "helm uninstall " + name + " --namespace " + namespace + " --no-hooks";
        }
    }
}
