package dev.guanjia.community.directory;

/**
 * What a conversation needs of its community (its name, whom to call, its local time), read by
 * primary key: without {@link CommunitySummary}'s counts, which cost four scans on every turn.
 */
public record CommunityProfile(String id, String name, String city, String address, String servicePhone,
                               String emergencyPhone, String officeHours, String timeZone) {
}
