-- AlterTable
ALTER TABLE "user_mcp_connections" ADD COLUMN     "encrypted_url" TEXT;

