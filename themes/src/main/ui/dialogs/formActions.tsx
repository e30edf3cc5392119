import { Button } from "@patternfly/react-core";
import type { ReactNode } from "react";

type FormActionsProps = {
  /** id of the form the submit button submits. */
  formId: string;
  submitLabel: string;
  submitTestId: string;
  cancelLabel: string;
  cancelTestId: string;
  isSubmitting: boolean;
  isDisabled?: boolean;
  isDanger?: boolean;
  onCancel: () => void;
};

/** The footer of a form dialog: submit (busy while the call runs) and cancel. */
export const formActions = ({
  formId,
  submitLabel,
  submitTestId,
  cancelLabel,
  cancelTestId,
  isSubmitting,
  isDisabled,
  isDanger,
  onCancel,
}: FormActionsProps): ReactNode[] => [
  <Button
    key="submit"
    type="submit"
    form={formId}
    variant={isDanger ? "danger" : "primary"}
    isLoading={isSubmitting}
    isDisabled={isSubmitting || isDisabled}
    data-testid={submitTestId}
  >
    {submitLabel}
  </Button>,
  <Button
    key="cancel"
    variant="link"
    onClick={onCancel}
    data-testid={cancelTestId}
  >
    {cancelLabel}
  </Button>,
];
