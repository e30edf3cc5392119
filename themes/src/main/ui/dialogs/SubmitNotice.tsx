import { Alert } from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { MfaSetupAlert, StepUpFailedAlert } from "../components/MfaAlerts";
import { isMfaNotConfigured, isStepUpFailed } from "../lib/errors";

/** A refusal that the dialog explains itself, rather than in a toast. */
export type SubmitProblem = { kind: "mfa" | "stepUp"; message: string };

/**
 * The second-factor refusals a dialog shows in place: no second factor (with a
 * link to set one up), or a step-up login that proved none.
 */
export function useSubmitProblem() {
  const [problem, setProblem] = useState<SubmitProblem>();
  /** Shows the error when it is one of those; says whether it was. */
  const show = (error: unknown): boolean => {
    if (isMfaNotConfigured(error)) {
      setProblem({ kind: "mfa", message: error.message });
      return true;
    }
    if (isStepUpFailed(error)) {
      setProblem({ kind: "stepUp", message: error.message });
      return true;
    }
    return false;
  };
  return { problem, show, clear: () => setProblem(undefined) };
}

type SubmitNoticeProps = {
  problem?: SubmitProblem;
  /** The form came back after a step-up login. */
  resumed?: boolean;
  /** Shown when there is nothing else to say. */
  hint?: string;
};

/** The line above a form: what went wrong, that it came back after a login, or a hint. */
export const SubmitNotice = ({ problem, resumed, hint }: SubmitNoticeProps) => {
  const { t } = useTranslation();
  if (problem?.kind === "mfa") {
    return <MfaSetupAlert message={problem.message} />;
  }
  if (problem?.kind === "stepUp") {
    return <StepUpFailedAlert message={problem.message} />;
  }
  const title = resumed ? t("appCredentialsResumed") : hint;
  return title ? (
    <Alert
      variant="info"
      isInline
      isPlain
      title={title}
      data-testid={resumed ? "form-resumed" : "form-hint"}
    />
  ) : null;
};
