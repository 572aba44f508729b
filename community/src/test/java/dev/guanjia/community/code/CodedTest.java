package dev.guanjia.community.code;

import dev.guanjia.community.category.ServiceCategory;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CodedTest {

    @Test
    void theStoredCodesStayAsTheDatabaseKnowsThem() {
        assertEquals(List.of("plumbing", "electrical", "elevator", "door_access", "public_facility", "cleaning",
                        "greening", "security", "parking", "noise", "complaint", "suggestion", "other"),
                Arrays.stream(ServiceCategory.values()).map(ServiceCategory::code).toList());
        assertEquals("门禁/门锁", ServiceCategory.DOOR_ACCESS.label());
    }

    @Test
    void aCodeFindsItsConstantAndAnUnknownOneIsNamed() {
        assertEquals(Optional.of(ServiceCategory.DOOR_ACCESS), ServiceCategory.ofCode("door_access"));
        assertEquals(Optional.empty(), ServiceCategory.ofCode("DOOR_ACCESS"));
        assertEquals(Optional.empty(), ServiceCategory.ofCode(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Coded.require(ServiceCategory.class, "roof"));
        assertEquals("unknown servicecategory roof", e.getMessage());
    }
}
