import { Slot } from "@radix-ui/react-slot";
import type { ButtonHTMLAttributes, Ref } from "react";
import { cn } from "./cn";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger" | "danger-solid";
export type ButtonSize = "sm" | "md" | "icon";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-accent text-accent-fg border-accent hover:brightness-110",
  secondary: "bg-surface text-fg border-border hover:bg-subtle",
  ghost: "bg-transparent text-fg border-transparent hover:bg-subtle",
  danger: "bg-surface text-danger border-border hover:bg-danger-soft",
  "danger-solid": "bg-danger text-danger-fg border-danger hover:brightness-110",
};

const SIZES: Record<ButtonSize, string> = {
  sm: "h-8 px-2.5 text-sm gap-1.5",
  md: "h-10 px-4 text-sm gap-2",
  icon: "size-10 justify-center",
};

/** Classes of a button, for links that look like one. */
export function buttonClasses(variant: ButtonVariant = "secondary", size: ButtonSize = "md", className?: string) {
  return cn(
    "inline-flex shrink-0 items-center justify-center rounded-lg border font-medium whitespace-nowrap no-underline",
    "transition-colors select-none hover:no-underline",
    "disabled:cursor-not-allowed disabled:opacity-55 disabled:hover:brightness-100",
    "aria-disabled:cursor-not-allowed aria-disabled:opacity-55",
    VARIANTS[variant],
    SIZES[size],
    className,
  );
}

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Renders the child (a link) with the button's look and behaviour. */
  asChild?: boolean;
  ref?: Ref<HTMLButtonElement>;
};

export function Button({ variant, size, asChild = false, className, type, ...props }: ButtonProps) {
  const Comp = asChild ? Slot : "button";
  // A button inside a form submits unless told otherwise: default to "button".
  return (
    <Comp
      className={buttonClasses(variant, size, className)}
      {...(asChild ? {} : { type: type ?? "button" })}
      {...props}
    />
  );
}
