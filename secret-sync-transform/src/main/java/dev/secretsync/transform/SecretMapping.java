package dev.secretsync.transform;

import dev.secretsync.core.SourceRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a Secret should hold, in ack-secret-manager's terms: {@code data[]}, {@code dataProcess[]}
 * and an optional {@code target.template}. Immutable; each entry carries the {@link SourceRef} its
 * value comes from, so the same model drives fetching ({@link #refs()}) and transforming.
 *
 * <pre>{@code
 * SecretMapping mapping = SecretMapping.builder()
 *         .data(DataEntry.of(ref, "test1", new JmesPath("friends[0].name", "friendname")))
 *         .dataProcess(DataProcess.extract(ref, new ReplaceRule("^n.*e$", "alibabacloud")))
 *         .build();
 * Transform transform = MappingTransform.compile(mapping);
 * }</pre>
 *
 * @param data        {@code data[]} entries; may be empty if {@code dataProcess} is not
 * @param dataProcess {@code dataProcess[]} entries; may be empty if {@code data} is not
 * @param template    {@code target.template}, or {@code null} for none
 */
public record SecretMapping(List<DataEntry> data, List<DataProcess> dataProcess, TemplateSpec template) {

    public SecretMapping {
        data = data == null ? List.of() : List.copyOf(data);
        dataProcess = dataProcess == null ? List.of() : List.copyOf(dataProcess);
        if (data.isEmpty() && dataProcess.isEmpty()) {
            throw new IllegalArgumentException("a SecretMapping needs at least one data or dataProcess entry");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every distinct reference the mapping reads, in order of first use. */
    public List<SourceRef> refs() {
        LinkedHashSet<SourceRef> refs = new LinkedHashSet<>();
        data.forEach(d -> refs.add(d.source()));
        dataProcess.forEach(p -> refs.add(p.extract()));
        return List.copyOf(refs);
    }

    public static final class Builder {
        private final List<DataEntry> data = new ArrayList<>();
        private final List<DataProcess> dataProcess = new ArrayList<>();
        private TemplateSpec template;

        private Builder() {
        }

        public Builder data(DataEntry entry) {
            data.add(Objects.requireNonNull(entry, "entry"));
            return this;
        }

        public Builder dataProcess(DataProcess process) {
            dataProcess.add(Objects.requireNonNull(process, "process"));
            return this;
        }

        public Builder template(TemplateSpec template) {
            this.template = Objects.requireNonNull(template, "template");
            return this;
        }

        public SecretMapping build() {
            return new SecretMapping(data, dataProcess, template);
        }
    }
}
