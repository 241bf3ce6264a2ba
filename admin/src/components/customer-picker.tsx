import { useRef, useState } from 'preact/hooks';
import { request } from '../api';
import { Field } from './ui';
import { AdminCustomerOptionsDocument as OptionsQuery } from '../generated/graphql';

export interface PickedCustomer {
  /** The Robaws client id. */
  value: string;
  /** "NAME (ROLE) - CITY". */
  label: string;
}

/**
 * The intake form's customer picker: a combobox (WAI-ARIA pattern) listing "NAME (ROLE) - CITY" for what
 * is typed. Arrow keys move through the list, Enter picks, Escape closes it.
 */
export function CustomerPicker({ id, error, onPick }: { id: string; error?: string | undefined; onPick(customer: PickedCustomer | null): void }) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState<PickedCustomer[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const latest = useRef(0);
  const listId = `${id}-list`;

  const search = async (value: string) => {
    setText(value);
    onPick(null);
    const request_ = ++latest.current;
    const { customerOptions } = await request(OptionsQuery, { search: value.trim() || null });
    // Typing on while an answer is on its way: only the answer to the latest text is shown.
    if (request_ !== latest.current) return;
    setOptions(customerOptions);
    setActive(-1);
    setOpen(customerOptions.length > 0);
  };
  const pick = (option: PickedCustomer) => {
    setText(option.label);
    setOpen(false);
    onPick(option);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) return void (options.length > 0 && setOpen(true));
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((active + step + options.length) % options.length);
    } else if (event.key === 'Enter' && open && options[active]) {
      event.preventDefault();
      pick(options[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  return (
    <div class="picker">
      <Field id={id} label="Customer" error={error} hint="Type a name, e-mail or VAT number, then choose">
        {(props) => (
          <input
            {...props}
            role="combobox"
            autocomplete="off"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={listId}
            aria-activedescendant={open && active >= 0 ? `${id}-option-${active}` : undefined}
            value={text}
            onInput={(event) => void search(event.currentTarget.value)}
            onKeyDown={onKeyDown}
            onBlur={() => setOpen(false)}
          />
        )}
      </Field>
      <ul id={listId} role="listbox" aria-label="Matching customers" class="picker-list" hidden={!open}>
        {options.map((option, index) => (
          <li
            key={option.value}
            id={`${id}-option-${index}`}
            role="option"
            aria-selected={index === active}
            // Keeps the focus in the input, so that the click picks before the input's blur closes the list.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => pick(option)}
          >
            {option.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
