package dev.secretsync.testkit;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The few protobuf messages of the KMS instance API (dkms-gcs-0.2), read and written field by
 * field so that no protoc step is needed.
 */
final class ClientKeyProto {
    private ClientKeyProto() {
    }

    record GetSecretValueRequest(String secretName, String versionStage, String versionId,
            boolean fetchExtendedConfig) {
    }

    record GetSecretValueResponse(String secretName, String secretType, String secretData, String secretDataType,
            List<String> versionStages, String versionId, String createTime, String requestId,
            String lastRotationDate, String nextRotationDate, String extendedConfig, String automaticRotation,
            String rotationInterval) {
        @Override
        public String toString() {
            return "GetSecretValueResponse[" + secretName + "/" + versionId + ", data=<redacted>]";
        }
    }

    static GetSecretValueRequest parseGetSecretValueRequest(byte[] body) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(body);
        String name = "";
        String stage = "";
        String versionId = "";
        boolean extended = false;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readStringRequireUtf8();
                case 2 -> stage = in.readStringRequireUtf8();
                case 3 -> versionId = in.readStringRequireUtf8();
                case 4 -> extended = in.readBool();
                default -> in.skipField(tag);
            }
        }
        return new GetSecretValueRequest(name, stage, versionId, extended);
    }

    static byte[] write(GetSecretValueResponse r) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        string(out, 1, r.secretName());
        string(out, 2, r.secretType());
        string(out, 3, r.secretData());
        string(out, 4, r.secretDataType());
        for (String stage : r.versionStages()) {
            out.writeString(5, stage);
        }
        string(out, 6, r.versionId());
        string(out, 7, r.createTime());
        string(out, 8, r.requestId());
        string(out, 9, r.lastRotationDate());
        string(out, 10, r.nextRotationDate());
        string(out, 11, r.extendedConfig());
        string(out, 12, r.automaticRotation());
        string(out, 13, r.rotationInterval());
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] writeError(int statusCode, String errorCode, String errorMessage, String requestId) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            if (statusCode != 0) {
                out.writeInt32(1, statusCode);
            }
            string(out, 2, errorCode);
            string(out, 3, errorMessage);
            string(out, 4, requestId);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void string(CodedOutputStream out, int field, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            out.writeString(field, value);
        }
    }
}
