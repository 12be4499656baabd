-- AlterTable
ALTER TABLE "user_mcp_connections" ADD COLUMN     "auth_meta" JSONB NOT NULL DEFAULT '{}';

