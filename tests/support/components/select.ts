import type { UserEvent } from "@testing-library/user-event";

/**
 * Picks an option of a labelled choice. The only place that knows the choice is a native
 * <select>: when it becomes a custom listbox, this helper changes and the tests do not.
 */
export async function choose(user: UserEvent, control: HTMLElement, option: string) {
  await user.selectOptions(control, option);
}
