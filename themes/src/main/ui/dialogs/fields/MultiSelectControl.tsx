import {
  FormGroup,
  MenuToggle,
  Select,
  SelectGroup,
  SelectList,
  SelectOption,
} from "@patternfly/react-core";
import { Fragment, type ReactNode, useState } from "react";
import {
  type FieldPath,
  type FieldValues,
  useController,
} from "react-hook-form";

import type { ChoiceGroup } from "../../lib/roles";
import { FieldMessage } from "./FieldMessage";

type MultiSelectControlProps<T extends FieldValues> = {
  name: FieldPath<T>;
  id: string;
  testId: string;
  label: string;
  groups: ChoiceGroup[];
  placeholder: string;
  /** The toggle's text when there is nothing to choose. */
  emptyText: string;
  hint?: ReactNode;
};

/**
 * Scrolls the dialog so that a field about to open its menu is near the top
 * of the dialog's body (its label still in sight): the menu then has room to
 * open downwards, below the field, instead of upwards over the fields above
 * it.
 */
function makeRoomBelow(toggle: HTMLElement) {
  const body = toggle.closest<HTMLElement>(".pf-v5-c-modal-box__body");
  if (!body) return;
  const label = toggle.closest(".pf-v5-c-form__group") ?? toggle;
  body.scrollTop +=
    label.getBoundingClientRect().top - body.getBoundingClientRect().top;
}

/**
 * Several choices, in groups with headings (a client's roles under its client
 * ID): a listbox whose chosen options are checked (`aria-selected`); the
 * toggle lists what is chosen. Opening it first scrolls the dialog so that
 * the menu has room below the field (see makeRoomBelow).
 *
 * Keycloak's `SelectControl` (typeaheadMulti) has no groups, and clears the
 * whole choice when Tab leaves its input; PatternFly's checkbox options put
 * menu items in a listbox, which assistive technology cannot make sense of.
 * This keeps that control's contract: a react-hook-form field, the label
 * above, the error below.
 */
export const MultiSelectControl = <T extends FieldValues>({
  name,
  id,
  testId,
  label,
  groups,
  placeholder,
  emptyText,
  hint,
}: MultiSelectControlProps<T>) => {
  const { field, fieldState } = useController<T>({ name });
  const [isOpen, setIsOpen] = useState(false);
  const selected = (field.value ?? []) as string[];
  const choices = groups.flatMap((group) =>
    group.choices.map((choice) => ({
      ...choice,
      text: group.label ? `${group.label}: ${choice.label}` : choice.label,
    })),
  );
  const chosen = selected.map(
    (value) => choices.find((choice) => choice.value === value)?.text ?? value,
  );
  const error = fieldState.error?.message;

  const toggle = (value: string) =>
    field.onChange(
      selected.includes(value)
        ? selected.filter((v) => v !== value)
        : [...selected, value],
    );

  return (
    <FormGroup label={label} fieldId={id}>
      <Select
        isOpen={isOpen}
        selected={selected}
        onSelect={(_event, value) => toggle(String(value))}
        onOpenChange={setIsOpen}
        isScrollable
        maxMenuHeight="18rem"
        toggle={(ref) => (
          <MenuToggle
            ref={ref}
            id={id}
            data-testid={testId}
            isFullWidth
            isExpanded={isOpen}
            isDisabled={choices.length === 0}
            status={error ? "danger" : undefined}
            aria-describedby={error || hint ? `${id}-message` : undefined}
            onClick={(event) => {
              if (!isOpen) makeRoomBelow(event.currentTarget);
              setIsOpen(!isOpen);
            }}
            onBlur={field.onBlur}
          >
            {choices.length === 0
              ? emptyText
              : chosen.length > 0
                ? chosen.join(", ")
                : placeholder}
          </MenuToggle>
        )}
      >
        {groups
          .filter((group) => group.choices.length > 0)
          .map((group, index) => {
            const list = (
              <SelectList aria-multiselectable aria-label={group.label ?? label}>
                {group.choices.map((choice) => (
                  <SelectOption
                    key={choice.value}
                    value={choice.value}
                    isSelected={selected.includes(choice.value)}
                    data-testid={`${testId}-${choice.testId}`}
                  >
                    {choice.label}
                  </SelectOption>
                ))}
              </SelectList>
            );
            return group.label ? (
              <SelectGroup key={group.label} label={group.label}>
                {list}
              </SelectGroup>
            ) : (
              <Fragment key={index}>{list}</Fragment>
            );
          })}
      </Select>
      <FieldMessage
        id={`${id}-message`}
        error={error}
        hint={hint}
        errorTestId={`${testId}-error`}
      />
    </FormGroup>
  );
};
