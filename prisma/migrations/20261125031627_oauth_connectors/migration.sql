-- AlterTable
ALTER TABLE "user_mcp_connections" ADD COLUMN     "needs_sign_in" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "refresh_lock_until" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "oauth_states" ADD COLUMN     "completed_at" TIMESTAMP(3),
ADD COLUMN     "context" JSONB,
ADD COLUMN     "encrypted_result" TEXT;

-- CreateTable
CREATE TABLE "oauth_clients" (
    "id" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "encrypted_client" TEXT NOT NULL,
    "key_version" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oauth_clients_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "oauth_clients_issuer_redirect_uri_key" ON "oauth_clients"("issuer", "redirect_uri");

