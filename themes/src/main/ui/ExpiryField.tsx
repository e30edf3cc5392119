import {
  Flex,
  FlexItem,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  TextInput,
} from "@patternfly/react-core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { type ExpiryBounds, type ExpiryProblem, toDateInput } from "./expiry";

export const EXPIRY_PROBLEM_KEYS: Record<ExpiryProblem, string> = {
  invalid: "appCredentialsExpiryInvalid",
  tooEarly: "appCredentialsExpiryTooEarly",
  tooLate: "appCredentialsExpiryTooLate",
};

type ExpiryFieldProps = {
  /** id of the date input; the time input gets `${id}-time`. */
  id: string;
  label: string;
  isRequired?: boolean;
  date: string;
  time: string;
  bounds?: ExpiryBounds;
  onChange: (value: { date: string; time: string }) => void;
  /** The one error shown for the field, if any. */
  error?: string;
  hint: ReactNode;
};

/**
 * An expiry as a local date and a time of day, in the browser's own date and
 * time inputs (which a phone shows with its native pickers). Its only message
 * is the one below both inputs: the hint, or the error.
 */
export const ExpiryField = ({
  id,
  label,
  isRequired,
  date,
  time,
  bounds,
  onChange,
  error,
  hint,
}: ExpiryFieldProps) => {
  const { t } = useTranslation();
  const validated = error ? "error" : "default";

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
            value={date}
            min={toDateInput(new Date())}
            max={bounds && toDateInput(bounds.max)}
            onChange={(_event, value) => onChange({ date: value, time })}
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
            value={time}
            onChange={(_event, value) => onChange({ date, time: value })}
            validated={validated}
            isRequired={isRequired}
          />
        </FlexItem>
      </Flex>
      <FormHelperText>
        <HelperText>
          <HelperTextItem
            variant={error ? "error" : "default"}
            data-testid={error ? `${id}-error` : `${id}-hint`}
          >
            {error ?? hint}
          </HelperTextItem>
        </HelperText>
      </FormHelperText>
    </FormGroup>
  );
};
