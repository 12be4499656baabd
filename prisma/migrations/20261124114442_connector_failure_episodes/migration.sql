-- AlterTable
ALTER TABLE "user_mcp_connections" ADD COLUMN     "failing_since" TIMESTAMP(3),
ADD COLUMN     "failure_streak_started_at" TIMESTAMP(3);

