-- Every stored ID number names the data key it was written with (platform/secrets.ts): ciphertexts
-- start 0x01 | length | key id, hashes '<key id>:'. Rows from before key ids were written with the
-- key derived from the one GRIDROSTER_SECRET of that time, which is data key k1 from now on.
UPDATE "volunteers"
SET "id_number_cipher" = '\x01026b31'::bytea || "id_number_cipher",
    "id_number_hash" = 'k1:' || "id_number_hash"
WHERE "id_number_hash" IS NOT NULL AND position(':' in "id_number_hash") = 0;
