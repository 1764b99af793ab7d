package dev.secretsync.kms;

import dev.secretsync.core.SourceRef;
import java.util.List;

/** One store's KMS client, built once per store configuration and reused for every fetch. */
interface StoreClient extends AutoCloseable {

    /** Calls GetSecretValue (with the extended config) for {@code ref}. */
    FetchedSecret getSecretValue(SourceRef ref) throws Exception;

    /** Releases credential refreshers; never throws. */
    @Override
    void close();

    /** What GetSecretValue answered, in the same shape for both SDKs. */
    record FetchedSecret(String secretName, String secretType, String secretData, String secretDataType,
                         String versionId, String createTime, List<String> versionStages,
                         String lastRotationDate, String nextRotationDate, String automaticRotation,
                         String rotationInterval) {

        @Override
        public String toString() {
            return "FetchedSecret[" + secretName + ", version=" + versionId + ", data=<redacted>]";
        }
    }
}
