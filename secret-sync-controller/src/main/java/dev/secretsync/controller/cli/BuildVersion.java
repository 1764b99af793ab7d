package dev.secretsync.controller.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The version the build wrote into the executable jar's manifest: {@code Implementation-Version}
 * and, when the build ran in a git checkout, {@code SCM-Revision}.
 */
final class BuildVersion {

    private BuildVersion() {
    }

    /** "0.1.0 (revision 1a2b3c4)", "0.1.0", or "(development build)" outside a jar. */
    static String of(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        if (version == null) {
            return "(development build)";
        }
        String revision = revision(type);
        return revision == null ? version : version + " (revision " + revision + ")";
    }

    private static String revision(Class<?> type) {
        try (JarFile jar = new JarFile(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
            Manifest manifest = jar.getManifest();
            String revision = manifest == null ? null : manifest.getMainAttributes().getValue("SCM-Revision");
            return revision != null && revision.matches("[0-9a-f]{7,40}") ? revision : null;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
