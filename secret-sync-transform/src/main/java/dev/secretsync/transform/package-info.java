/**
 * Turns fetched secret values into Secret-style data the way ack-secret-manager does:
 * {@code data[].jmesPath}, {@code dataProcess[].extract} with {@code replaceRule}, and
 * {@code target.template} in Go template syntax.
 *
 * <p>Describe what to produce with a {@link dev.secretsync.transform.SecretMapping} and compile it
 * with {@link dev.secretsync.transform.MappingTransform#compile}. Everything else in this package
 * is internal. Backend-neutral: no Kubernetes, Spring or cloud SDK types.
 */
package dev.secretsync.transform;
