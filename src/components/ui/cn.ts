import { clsx, type ClassValue } from "clsx";

/** Joins class names, skipping falsy ones (conditional Tailwind classes read naturally). */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
