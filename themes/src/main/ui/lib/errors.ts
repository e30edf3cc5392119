import type { StepUpChallenge } from "./challenge";

export const MFA_NOT_CONFIGURED = "mfa_not_configured";

/**
 * Marks the error of a call that got the step-up challenge again right after
 * the login it asked for; the console says why instead of sending the user
 * round again.
 */
export const STEP_UP_FAILED = "step_up_failed";

/** A refused call, with what the REST resource said about it. */
export class AppCredentialsError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Form field named by a 400 answer, e.g. `name` or `accessRules[1].path`. */
    readonly field?: string,
    /** OAuth-style `error` code, e.g. `mfa_not_configured`. */
    readonly code?: string,
    readonly stepUp?: StepUpChallenge,
  ) {
    super(message);
    this.name = "AppCredentialsError";
  }
}

export const isMfaNotConfigured = (
  error: unknown,
): error is AppCredentialsError =>
  error instanceof AppCredentialsError && error.code === MFA_NOT_CONFIGURED;

export const isStepUpFailed = (
  error: unknown,
): error is AppCredentialsError =>
  error instanceof AppCredentialsError && error.code === STEP_UP_FAILED;
