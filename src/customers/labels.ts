/** How a customer is named in lists and pickers. */

/** "NAME (ROLE)", or the name alone for a customer without a role. */
export function nameWithRole(customer: { name: string; role: string | null }): string {
  return customer.role ? `${customer.name} (${customer.role})` : customer.name;
}

/** The intake picker's label: "NAME (ROLE) - CITY". */
export function customerOptionLabel(customer: { name: string; role: string | null; city: string | null }): string {
  return customer.city ? `${nameWithRole(customer)} - ${customer.city}` : nameWithRole(customer);
}
