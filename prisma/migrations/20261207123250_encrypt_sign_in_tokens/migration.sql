-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "encrypted_tokens" TEXT,
ADD COLUMN     "key_version" INTEGER;

-- Tokens of rows written before this migration stay in the plain columns until the app
-- encrypts them at start-up (or `npm run keys:rotate` does): SQL does not hold the key.
