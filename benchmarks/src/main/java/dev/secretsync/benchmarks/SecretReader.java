package dev.secretsync.benchmarks;

/** One client under test, reading one secret. Returns the cached value object the API hands out. */
interface SecretReader extends AutoCloseable {

    /** Reads the secret; throws whatever the client throws when it has no value. */
    Object read() throws Exception;

    /** The secret's text from a value {@link #read()} returned (to check that a value was served). */
    String text(Object value);

    @Override
    void close();
}
