-- Personal data sealed at rest (see PersonalData): identities are found through a keyed hash of
-- their value; the value itself, residents' names and staff phones hold sealed text.
ALTER TABLE resident_identities ADD COLUMN value_hash text;
ALTER TABLE resident_identities DROP CONSTRAINT resident_identities_community_id_kind_value_key;
CREATE UNIQUE INDEX resident_identities_lookup ON resident_identities (community_id, kind, value_hash);
