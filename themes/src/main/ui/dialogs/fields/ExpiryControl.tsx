import { Flex, FlexItem, FormGroup, TextInput } from "@patternfly/react-core";
import type { ReactNode } from "react";
import {
  type FieldPath,
  type FieldValues,
  useController,
  useFormContext,
} from "react-hook-form";
import { useTranslation } from "react-i18next";

import { toDateInput } from "../../lib/dates";
import type { ExpiryBounds, LocalExpiry } from "../../lib/expiry";
import { FieldMessage } from "./FieldMessage";

type ExpiryControlProps<T extends FieldValues> = {
  name: FieldPath<T>;
  /** id of the date input; the time input gets `${id}-time`. */
  id: string;
  label: string;
  isRequired?: boolean;
  bounds?: ExpiryBounds;
  /** The error for a date and time, if it is not allowed. */
  validate: (value: LocalExpiry) => string | undefined;
  hint: ReactNode;
};

/**
 * An expiry as a local date and a time of day, in the browser's own date and
 * time inputs (which a phone shows with its native pickers). It is checked as
 * it changes once both are filled in (an empty one only on submit); its only
 * message is the one below both inputs: the hint, or the error.
 */
export const ExpiryControl = <T extends FieldValues>({
  name,
  id,
  label,
  isRequired,
  bounds,
  validate,
  hint,
}: ExpiryControlProps<T>) => {
  const { t } = useTranslation();
  const { trigger, clearErrors } = useFormContext<T>();
  const { field, fieldState } = useController<T>({
    name,
    rules: { validate: (value: LocalExpiry) => validate(value) ?? true },
  });
  const value = field.value as LocalExpiry;
  const error = fieldState.error?.message;
  const validated = error ? "error" : "default";
  const messageId = `${id}-message`;

  const change = (next: LocalExpiry) => {
    field.onChange(next);
    if (next.date && next.time) {
      void trigger(name);
    } else {
      clearErrors(name);
    }
  };

  return (
    <FormGroup label={label} fieldId={id} isRequired={isRequired}>
      <Flex
        spaceItems={{ default: "spaceItemsSm" }}
        flexWrap={{ default: "wrap" }}
      >
        <FlexItem>
          <TextInput
            id={id}
            data-testid={id}
            type="date"
            aria-label={t("appCredentialsExpiryDate")}
            aria-describedby={messageId}
            value={value.date}
            min={toDateInput(new Date())}
            max={bounds && toDateInput(bounds.max)}
            onChange={(_event, date) => change({ ...value, date })}
            onBlur={field.onBlur}
            validated={validated}
            isRequired={isRequired}
          />
        </FlexItem>
        <FlexItem>
          <TextInput
            id={`${id}-time`}
            data-testid={`${id}-time`}
            type="time"
            aria-label={t("appCredentialsExpiryTime")}
            aria-describedby={messageId}
            value={value.time}
            onChange={(_event, time) => change({ ...value, time })}
            onBlur={field.onBlur}
            validated={validated}
            isRequired={isRequired}
          />
        </FlexItem>
      </Flex>
      <FieldMessage
        id={messageId}
        error={error}
        hint={hint}
        errorTestId={`${id}-error`}
        hintTestId={`${id}-hint`}
      />
    </FormGroup>
  );
};
