import {
  FormHelperText,
  HelperText,
  HelperTextItem,
} from "@patternfly/react-core";
import type { ReactNode } from "react";

type FieldMessageProps = {
  /** id of the message, for the inputs' `aria-describedby`. */
  id?: string;
  /** Shown instead of the hint when there is one. */
  error?: string;
  hint?: ReactNode;
  /** data-testid of the error, or of the hint. */
  errorTestId?: string;
  hintTestId?: string;
};

/** The one line below a field: its error when it has one, else its hint. */
export const FieldMessage = ({
  id,
  error,
  hint,
  errorTestId,
  hintTestId,
}: FieldMessageProps) =>
  error || hint ? (
    <FormHelperText>
      <HelperText id={id}>
        <HelperTextItem
          variant={error ? "error" : "default"}
          hasIcon={!!error}
          data-testid={error ? errorTestId : hintTestId}
        >
          {error ?? hint}
        </HelperTextItem>
      </HelperText>
    </FormHelperText>
  ) : null;
