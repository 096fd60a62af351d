package io.agentassembly.policy;

/**
 * A document that passed validation: the model, its source text exactly as submitted (this document only, when
 * a file held several), its canonical JSON (keys sorted, defaults made explicit, no comments) and the content
 * digest {@code sha256:<hex>} of that canonical JSON. Two documents that mean the same have the same digest.
 */
public record ParsedPolicy(PolicyDocument document, String source, String canonicalJson, String digest) {

    public String name() {
        return document.name();
    }
}
