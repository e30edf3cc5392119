import {
  Button,
  FormGroup,
  Stack,
  StackItem,
} from "@patternfly/react-core";
import { PlusCircleIcon } from "@patternfly/react-icons";
import type { ReactNode } from "react";

import { FieldMessage } from "./FieldMessage";

type RowListProps = {
  label: string;
  fieldId: string;
  /** One StackItem per row. */
  children: ReactNode;
  count: number;
  max: number;
  addLabel: string;
  addTestId: string;
  onAdd: () => void;
  /** An error of the list as a whole (too many rows, say). */
  error?: string;
  errorTestId: string;
  hint: ReactNode;
  hintTestId: string;
};

/** An editable list of rows (access rules, networks): the rows, an Add button up to the limit, a hint. */
export const RowList = ({
  label,
  fieldId,
  children,
  count,
  max,
  addLabel,
  addTestId,
  onAdd,
  error,
  errorTestId,
  hint,
  hintTestId,
}: RowListProps) => (
  <FormGroup label={label} fieldId={fieldId} role="group">
    <Stack hasGutter>
      {children}
      <StackItem>
        <Button
          variant="link"
          isInline
          icon={<PlusCircleIcon />}
          onClick={onAdd}
          isDisabled={count >= max}
          data-testid={addTestId}
        >
          {addLabel}
        </Button>
      </StackItem>
    </Stack>
    {error && <FieldMessage error={error} errorTestId={errorTestId} />}
    <FieldMessage hint={hint} hintTestId={hintTestId} />
  </FormGroup>
);
