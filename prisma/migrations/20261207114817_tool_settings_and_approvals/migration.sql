-- CreateTable
CREATE TABLE "tool_settings" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "connector_id" TEXT,
    "tool_name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "policy" TEXT NOT NULL,
    "pinned_hash" TEXT,
    "pinned_definition" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tool_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tool_approvals" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "tool_call_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "tool_name" TEXT NOT NULL,
    "arguments" JSONB NOT NULL,
    "args_hash" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "scope" TEXT,
    "outcome" JSONB,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "decided_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tool_approvals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tool_settings_user_id_source_tool_name_key" ON "tool_settings"("user_id", "source", "tool_name");

-- CreateIndex
CREATE INDEX "tool_approvals_conversation_id_source_tool_name_idx" ON "tool_approvals"("conversation_id", "source", "tool_name");

-- CreateIndex
CREATE UNIQUE INDEX "tool_approvals_conversation_id_tool_call_id_key" ON "tool_approvals"("conversation_id", "tool_call_id");

-- AddForeignKey
ALTER TABLE "tool_settings" ADD CONSTRAINT "tool_settings_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_settings" ADD CONSTRAINT "tool_settings_connector_id_fkey" FOREIGN KEY ("connector_id") REFERENCES "user_mcp_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_approvals" ADD CONSTRAINT "tool_approvals_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_approvals" ADD CONSTRAINT "tool_approvals_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

