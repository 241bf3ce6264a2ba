/**
 * The check digits of the VAT numbers the seed writes, so that a real validator (jsvat) accepts them.
 * Each takes the digits before the check as a string and answers the check as the number writes it.
 */

function weightedSum(digits: string, firstWeight: number): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (firstWeight - i);
  return sum;
}

/** Belgium: 97 minus the number modulo 97, two digits. */
export function belgianCheckDigits(digits: string): string {
  return String(97 - (Number(digits) % 97)).padStart(2, '0');
}

/** The Netherlands, on the RSIN: the eleven-test digit, or null when it would be 10 (no such number exists). */
export function dutchElevenTestDigit(digits: string): number | null {
  const check = weightedSum(digits, 9) % 11;
  return check === 10 ? null : check;
}

/** France's SIREN ends with a Luhn digit. */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** France: the key before the SIREN (with its Luhn digit), (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatKey(sirenWithCheck: string): string {
  return String((12 + 3 * (Number(sirenWithCheck) % 97)) % 97).padStart(2, '0');
}

/** Germany's USt-IdNr: ISO 7064 MOD 11,10. */
export function iso7064Mod1110CheckDigit(digits: string): string {
  let product = 10;
  for (const digit of digits) {
    let sum = (Number(digit) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = 11 - product;
  return String(check === 10 ? 0 : check);
}

/** Luxembourg: the number modulo 89, two digits. */
export function luxembourgCheckDigits(digits: string): string {
  return String(Number(digits) % 89).padStart(2, '0');
}

/** The United Kingdom: weights 8..2 over seven digits; the two check digits bring the sum to a multiple of 97. */
export function britishCheckDigits(digits: string): string {
  return String((97 - (weightedSum(digits, 8) % 97)) % 97).padStart(2, '0');
}
