package dev.guanjia.payments.reminder;

/**
 * The official account's side of a reminder. The application wires it to the WeChat channel, which
 * sends it the way work-order notices go: a customer-service message, or outside the 48-hour window
 * the account's notice template.
 */
public interface WeChatReminders {

    /** Nothing goes by WeChat (no official account configured). */
    WeChatReminders NONE = new WeChatReminders() {
        @Override
        public boolean reaches(String communityId) {
            return false;
        }

        @Override
        public void send(String communityId, String openid, String text) {
            throw new IllegalStateException("no official account for " + communityId);
        }
    };

    /** Whether the community has an official account its followers can be reminded through. */
    boolean reaches(String communityId);

    /** Sends the reminder to one follower; throws when WeChat refused it or could not be reached. */
    void send(String communityId, String openid, String text) throws Exception;
}
