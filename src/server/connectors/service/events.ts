// Tells the rest of the app that a connector changed (the agent's pool listens).
import { EventEmitter } from "node:events";

/** Fires after a connector is edited, disabled or deleted (the agent's pool listens). */
export const connectorEvents = new EventEmitter<{
  changed: [{ userId: string; connectorId: string; kind: "update" | "toggle" | "delete" }];
}>();
