-- Bills and fee items Guanjia charges itself (a facility booking's fee), beside those the property
-- company's pack brings. A pack re-import replaces only its own ('pack') rows.
ALTER TABLE fee_items ADD COLUMN origin text NOT NULL DEFAULT 'pack' CHECK (origin IN ('pack', 'service'));
ALTER TABLE bills ADD COLUMN origin text NOT NULL DEFAULT 'pack' CHECK (origin IN ('pack', 'service'));
