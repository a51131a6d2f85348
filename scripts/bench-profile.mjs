// `npm run bench -- --profile`: after the benchmark, the app's Model page profiles the same model on
// the same backends (those that give per-node times) and the per-operator table is read off the page,
// printed, and added to the JSON export as its optional `profile` section. Profiled runs are slower:
// the benchmark's figures never come from them.

export const PROFILE_RUNS = 5;

/**
 * Profiles on the Model page `page` shows (the caller has opened it with the model) and returns the
 * export's `profile` section.
 */
export async function profileOnModelPage(page, backends, timeoutMs) {
  const panel = page.getByRole('region', { name: 'Where the time goes' });
  await panel.waitFor({ timeout: 60_000 });
  const section = { runs: PROFILE_RUNS, backends: [], operators: [] };
  const profiled = [];
  for (const label of await panel.locator('fieldset label[data-backend]').all()) {
    const backend = await label.getAttribute('data-backend');
    const box = label.getByRole('checkbox');
    const wanted = backends.includes(backend);
    if (await box.isEnabled()) {
      await box.setChecked(wanted);
      if (wanted) profiled.push(backend);
    } else if (wanted) {
      section.backends.push({ backend, profiled: false, reason: await label.getAttribute('title') });
    }
  }
  if (!profiled.length) return section;
  await panel.getByRole('spinbutton', { name: 'Runs' }).fill(String(PROFILE_RUNS));
  await panel.getByRole('button', { name: 'Profile', exact: true }).click();
  // Done when no backend is in progress any more.
  await page.waitForFunction(() => !document.querySelector('[aria-label="Where the time goes"] [role=status]'), null, { timeout: timeoutMs, polling: 250 });
  for (const alert of await panel.getByRole('alert').all()) console.error(`bench: ${await alert.innerText()}`);
  for (const backend of profiled) {
    const check = panel.locator(`section[data-backend="${backend}"] [data-measured-ms]`);
    if (!(await check.count())) {
      section.backends.push({ backend, profiled: false, reason: 'the profile failed (see the message above)' });
      continue;
    }
    const number = async (name) => Number(await check.getAttribute(name));
    section.backends.push({
      backend,
      profiled: true,
      kernelMs: await number('data-kernel-ms'),
      measuredMs: await number('data-measured-ms'),
      differenceMs: await number('data-difference-ms'),
      allowedMs: await number('data-allowed-ms'),
      withinMargin: (await check.getAttribute('data-check')) === 'ok',
    });
  }
  const table = panel.getByRole('table', { name: 'Time by operator' });
  if (await table.count()) {
    section.operators = await table.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => ({
        opType: row.getAttribute('data-op'),
        nodes: Number(row.querySelector('td')?.textContent),
        byBackend: Object.fromEntries(
          [...row.querySelectorAll('td[data-backend]')].map((cell) => [cell.getAttribute('data-backend'), { ms: Number(cell.getAttribute('data-ms')), share: Number(cell.getAttribute('data-share')) }]),
        ),
      })),
    );
  }
  return section;
}

/** Prints the per-operator table: op type, nodes, then ms a run and share per profiled backend. */
export function printProfile(section) {
  const profiled = section.backends.filter((b) => b.profiled);
  console.log(`\nTime by operator · session profiling, ${section.runs} runs after 1 warm-up (profiled runs are slower; not benchmark figures) · ms a run`);
  for (const b of section.backends) {
    if (!b.profiled) console.log(`  ${b.backend}: no per-node times: ${b.reason}`);
    else {
      const verdict = b.withinMargin ? 'within' : 'OUTSIDE';
      console.log(`  ${b.backend}: kernels ${b.kernelMs.toFixed(3)} of ${b.measuredMs.toFixed(3)} measured; median difference a run ${b.differenceMs.toFixed(3)} (session overhead, copies) ${verdict} the margin of ${b.allowedMs.toFixed(3)}`);
    }
  }
  if (!profiled.length) return;
  const head = ['op type', 'nodes', ...profiled.flatMap((b) => [`${b.backend} ms`, 'share'])];
  const rows = section.operators.map((op) => [
    op.opType,
    String(op.nodes),
    ...profiled.flatMap((b) => {
      const cell = op.byBackend[b.backend];
      return cell ? [cell.ms.toFixed(3), `${(cell.share * 100).toFixed(1)}%`] : ['-', '-'];
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}
