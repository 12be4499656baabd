"use client";

import { createContext, useContext } from "react";

/** What an MCP App shown in the chat may do to the conversation around it. */
export type AppHost = {
  conversationId: string;
  /** Puts a message the app wrote into the composer for the user to read, edit and send (never sent by itself). */
  proposeMessage: (text: string, from: string) => void;
};

const Ctx = createContext<AppHost | null>(null);
export const AppHostProvider = Ctx.Provider;

/** The chat's host for MCP Apps; null outside a chat (the app is then not shown). */
export function useAppHost(): AppHost | null {
  return useContext(Ctx);
}
