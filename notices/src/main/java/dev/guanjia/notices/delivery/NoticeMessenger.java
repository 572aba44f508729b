package dev.guanjia.notices.delivery;

/**
 * The official account's side of a notice. The application wires it to the WeChat channel: a
 * customer-service message, or outside the 48-hour window the account's notice template.
 */
public interface NoticeMessenger {

    /** Nothing goes by WeChat (no official account configured). */
    NoticeMessenger NONE = new NoticeMessenger() {
        @Override
        public boolean reaches(String communityId) {
            return false;
        }

        @Override
        public void send(String communityId, String openid, String text) {
            throw new IllegalStateException("no official account for " + communityId);
        }
    };

    /** Whether the community has an official account its followers can be told through. */
    boolean reaches(String communityId);

    /** Sends the notice to one follower; throws when WeChat refused it or could not be reached. */
    void send(String communityId, String openid, String text) throws Exception;
}
