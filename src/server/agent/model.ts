// The chat model: any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio),
// configured by OPENAI_BASE_URL, OPENAI_API_KEY and AGENT_MODEL.
import { env } from "@/env";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";

export type ModelInfo = { configured: boolean; model: string | null; endpoint: string | null };

export function modelInfo(): ModelInfo {
  const e = env();
  const configured = Boolean(e.OPENAI_API_KEY || e.OPENAI_BASE_URL);
  if (!configured) return { configured: false, model: null, endpoint: null };
  // Where the model runs is the operator's business, not every user's: the field stays
  // for clients written against it, always null.
  return { configured: true, model: e.AGENT_MODEL, endpoint: null };
}

export function chatModel(): LanguageModel {
  const e = env();
  // Local servers (Ollama, vLLM) accept any key; the SDK insists on one being set.
  const provider = createOpenAI({ apiKey: e.OPENAI_API_KEY ?? "not-needed", baseURL: e.OPENAI_BASE_URL });
  // Chat Completions, not the Responses API: that is what compatible servers implement.
  return provider.chat(e.AGENT_MODEL);
}
