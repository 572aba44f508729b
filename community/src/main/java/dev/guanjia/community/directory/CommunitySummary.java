package dev.guanjia.community.directory;

/** A community as the service lists it, with the size of what it holds. */
public record CommunitySummary(String id, String name, String city, String address, String servicePhone,
                               String emergencyPhone, String officeHours, int buildings, int houses,
                               int residents, int staff) {
}
