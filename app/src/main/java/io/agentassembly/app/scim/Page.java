package io.agentassembly.app.scim;

import java.util.List;

/**
 * One page of a SCIM list: {@code totalResults} counts the whole filtered set, {@code startIndex} is 1-based as
 * effectively applied, {@code itemsPerPage} is the number of resources on this page.
 */
public record Page<T>(List<T> resources, int totalResults, int startIndex, int itemsPerPage) {

    public Page {
        resources = List.copyOf(resources);
    }
}
