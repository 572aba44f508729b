package dev.guanjia.community.directory;

/**
 * A community as the service lists it, with the size of what it holds.
 *
 * @param timeZone the community's local time, e.g. Asia/Shanghai
 */
public record CommunitySummary(String id, String name, String city, String address, String servicePhone,
                               String emergencyPhone, String officeHours, int buildings, int houses,
                               int residents, int staff, String timeZone) {
}
