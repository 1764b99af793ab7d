package dev.secretsync.controller.cli;

import dev.secretsync.controller.Controller;
import dev.secretsync.controller.migrate.AckMigration;
import dev.secretsync.controller.migrate.Change;
import dev.secretsync.controller.migrate.MigrationPlan;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * {@code migrate}: takes a cluster over from ack-secret-manager (the Kubernetes side). Safe to run
 * again; {@code --dry-run} prints every change and makes none.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "secret-sync-controller migrate [--dry-run] [--kubeconfig FILE] [OPTIONS]",
        description = {"Take a cluster over from ack-secret-manager, keeping every resource and Secret.",
                "Refuses while ack-secret-manager runs (its Deployment not scaled to zero, or its leader lock held). "
                        + "Then: protects the four CRDs from ack-secret-manager's uninstall (Helm keep policy), "
                        + "upgrades them to secret-sync's schemas in place (refused if a stored field would be pruned), "
                        + "marks the Secrets ack-secret-manager wrote for adoption and labels ClusterExternalSecret "
                        + "children. Secrets owned by something else are reported and left alone.",
                "Exit 0: done (or nothing to do); 1: blocked, a conflict to resolve, or a change failed; 2: usage."})
final class MigrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Print what would change; change nothing.")
    boolean dryRun;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        if (logging.level.equals("info")) {
            logging.level = "warn"; // stdout is the report
        }
        logging.apply(true);
        Config config;
        try {
            config = cluster.config();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Controller.clientConfig(config)).build()) {
            return run(AckMigration.of(client, Clock.systemUTC()), client.getMasterUrl().toString(), out, err);
        }
    }

    /** Plans, prints, applies unless {@code --dry-run}; returns the exit code. */
    int run(AckMigration migration, String server, PrintWriter out, PrintWriter err) {
        out.println("Cluster: " + server);
        MigrationPlan plan = migration.plan();
        MigrationPlan.Found f = plan.found();
        out.printf("Found: %d ExternalSecret(s), %d SecretStore(s), %d ClusterSecretStore(s), %d ClusterExternalSecret(s)%n",
                f.externalSecrets(), f.secretStores(), f.clusterSecretStores(), f.clusterExternalSecrets());
        if (plan.blocked()) {
            plan.blockers().forEach(b -> err.println("error: " + b));
            err.println("Nothing was changed.");
            err.flush();
            return 1;
        }
        if (plan.changes().isEmpty()) {
            out.println("Nothing to change: the cluster is ready for secret-sync.");
        } else if (dryRun) {
            out.println("Would change (--dry-run: nothing is changed):");
            for (Change c : plan.changes()) {
                out.println("  " + c.description());
            }
        } else {
            out.println("Changing:");
            try {
                migration.apply(plan, d -> out.println("  done: " + d));
            } catch (AckMigration.MigrationException e) {
                out.flush();
                err.println("error: " + e.getMessage());
                err.flush();
                return 1;
            }
        }
        out.printf("Secrets: %d to adopt, %d managed by secret-sync already, %d conflict(s)%n", f.secretsToAdopt(),
                f.secretsAlreadyAdopted(), plan.conflicts().size());
        plan.conflicts().forEach(c -> out.println("  conflict: " + c));
        out.println("Next:");
        if (dryRun && !plan.changes().isEmpty()) {
            out.println("  secret-sync-controller migrate                 # make these changes");
        }
        out.println("  " + plan.helmRelease().uninstallCommand()
                + "   # --no-hooks: its pre-delete hook deletes every ExternalSecret");
        out.println("  helm install secret-sync <chart> --namespace " + plan.helmRelease().namespace()
                + " -f <ack-secret-manager's values file>");
        out.println("  kubectl get externalsecrets --all-namespaces     # every one Ready within a polling interval");
        out.flush();
        return plan.conflicts().isEmpty() ? 0 : 1;
    }
}
