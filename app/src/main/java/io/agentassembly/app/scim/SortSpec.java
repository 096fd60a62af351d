package io.agentassembly.app.scim;

import com.unboundid.scim2.common.exceptions.BadRequestException;

/**
 * A SCIM {@code sortBy}/{@code sortOrder} pair (RFC 7644 §3.4.2.3). {@code sortBy} null means the default order
 * (creation time, then id); {@code sortOrder} defaults to ascending.
 */
public record SortSpec(String sortBy, boolean descending) {

    public static final SortSpec DEFAULT = new SortSpec(null, false);

    /**
     * From the query parameters as sent: either may be null or blank. A {@code sortOrder} other than
     * {@code ascending}/{@code descending} (case-insensitive) is a 400 invalidValue.
     */
    public static SortSpec of(String sortBy, String sortOrder) throws BadRequestException {
        boolean descending = false;
        if (sortOrder != null && !sortOrder.isBlank()) {
            if (sortOrder.trim().equalsIgnoreCase("descending")) {
                descending = true;
            } else if (!sortOrder.trim().equalsIgnoreCase("ascending")) {
                throw BadRequestException.invalidValue("sortOrder must be 'ascending' or 'descending'");
            }
        }
        return new SortSpec(sortBy == null || sortBy.isBlank() ? null : sortBy.trim(), descending);
    }
}
