package io.agentassembly.command.api.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Where a workspace's data lives. Chosen at creation, never changed. */
public enum Region {
    US_EAST_1("us-east-1"), EU_WEST_1("eu-west-1"), AP_NORTHEAST_1("ap-northeast-1");

    private final String code;

    Region(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static Region fromCode(String code) {
        for (Region region : values()) {
            if (region.code.equals(code)) {
                return region;
            }
        }
        throw new DomainException(ErrorCode.VALIDATION_FAILED, "region",
                "unknown region '" + code + "'; expected one of " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Region::code).collect(Collectors.joining(", "));
    }
}
