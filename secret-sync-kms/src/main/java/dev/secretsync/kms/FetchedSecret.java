package dev.secretsync.kms;

import java.util.List;

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
