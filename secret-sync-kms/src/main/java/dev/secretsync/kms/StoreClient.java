package dev.secretsync.kms;

import dev.secretsync.core.SourceRef;

/** One store's KMS client, built once per store configuration and reused for every fetch. */
interface StoreClient extends AutoCloseable {

    /** Calls GetSecretValue (with the extended config) for {@code ref}. */
    FetchedSecret getSecretValue(SourceRef ref) throws Exception;

    /** Releases credential refreshers; never throws. */
    @Override
    void close();
}
