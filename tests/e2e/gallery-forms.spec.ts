/**
 * The gallery's forms and results as a user meets them: the Titanic form's validation, drawing a
 * digit with the keyboard only, detection labels that stay apart, the OCR text shown whole and
 * copied, and no sideways scrolling at phone or desktop width in either theme.
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const openGallery = async (page: Page) => {
  await page.goto('/?view=gallery');
  await expect(page.getByLabel('Drawing area for a digit')).toBeVisible();
};

test.describe('Titanic form validation', () => {
  const form = (page: Page) => page.locator('form').filter({ has: page.getByRole('button', { name: 'Predict' }) });
  const prediction = (page: Page) => page.getByRole('status', { name: 'Prediction' });

  /** Fills one field, submits, and checks the message beside it and that no prediction is left. */
  async function expectRejected(page: Page, field: 'Age' | 'Fare (£)', value: string, message: RegExp) {
    const input = form(page).getByLabel(field, { exact: true });
    await input.fill(value);
    // Changing an input already takes away the answer to the old inputs.
    await expect(prediction(page)).toHaveCount(0);
    await form(page).getByRole('button', { name: 'Predict' }).click();
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    const describedBy = await input.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    await expect(page.locator(`[id="${describedBy}"]`)).toBeVisible();
    await expect(page.locator(`[id="${describedBy}"]`)).toHaveText(message);
    await expect(prediction(page)).toHaveCount(0);
    // The invalid field gets the focus, so a keyboard or screen reader user lands on the problem.
    await expect(input).toBeFocused();
  }

  async function predictValid(page: Page) {
    await form(page).getByLabel('Age', { exact: true }).fill('29');
    await form(page).getByLabel('Fare (£)', { exact: true }).fill('8');
    await form(page).getByRole('button', { name: 'Predict' }).click();
    await expect(prediction(page)).toContainText(/died|survived/);
    for (const field of ['Age', 'Fare (£)']) {
      await expect(form(page).getByLabel(field, { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
    }
  }

  test('out-of-range and empty fields are named beside the field and leave no prediction', async ({ page, pageErrors }) => {
    await openGallery(page);
    await predictValid(page);
    await expectRejected(page, 'Age', '-5', /Age must be between 0 and 100/);
    await predictValid(page);
    await expectRejected(page, 'Age', '200', /Age must be between 0 and 100/);
    await predictValid(page);
    await expectRejected(page, 'Fare (£)', '-100', /Fare must be between £0 and £600/);
    await predictValid(page);
    await expectRejected(page, 'Age', '', /Enter an age/);
    // Fixing the field takes the message away and predicts again.
    await predictValid(page);
    await expect(page.getByText(/Enter an age/)).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });
});

test('a digit drawn with the keyboard only is recognised', async ({ page, pageErrors }) => {
  await openGallery(page);
  const canvas = page.getByLabel('Drawing area for a digit');
  // Tab from the top of the page until the drawing area has the focus: no mouse anywhere.
  for (let i = 0; i < 20 && !(await canvas.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(canvas).toBeFocused();
  // The keys are explained beside the canvas, and the canvas points at that text.
  const help = page.locator(`[id="${await canvas.getAttribute('aria-describedby')}"]`);
  await expect(help).toBeVisible();
  await expect(help).toContainText('arrow keys');
  // From the centre: up to the top, pen down, down to the bottom, pen up → a vertical stroke.
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Space');
  for (let i = 0; i < 14; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await expect(page.getByRole('status', { name: 'Recognised digit' })).toHaveText('1');
  // The page did not scroll away under the arrow keys or Space.
  await expect(canvas).toBeFocused();
  await expect(canvas).toBeInViewport();
  expect(pageErrors).toEqual([]);
});
