/* Draws the dashboard charts from the JSON the server embedded in the page (no inline script). */
(function () {
  'use strict';

  // The period picker: "From" can never pass "To", and a period stays within what one report covers.
  var from = document.querySelector('form.picker input[name="from"]');
  var to = document.querySelector('form.picker input[name="to"]');
  var MAX_SPAN_DAYS = 366;
  function shift(iso, days) {
    var d = new Date(iso + 'T00:00:00Z');
    if (isNaN(d.getTime())) return '';
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
  function bound() {
    if (!from || !to) return;
    if (to.value) {
      from.max = to.value;
      from.min = shift(to.value, -MAX_SPAN_DAYS);
    }
    if (from.value) {
      to.min = from.value;
      to.max = shift(from.value, MAX_SPAN_DAYS);
    }
  }
  if (from && to) {
    from.addEventListener('change', bound);
    to.addEventListener('change', bound);
    bound();
  }

  var source = document.getElementById('dashboard-data');
  if (!source || typeof Chart === 'undefined') return;
  var data = JSON.parse(source.textContent);
  var BLUE = '#2563eb';
  var drawn = 0;
  // Ticket and answer counts are whole numbers: no 0.5 ticks.
  function counts() {
    return { beginAtZero: true, ticks: { precision: 0 } };
  }
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.responsive = true;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, config);
    drawn += 1;
  }

  // One colour unless the colours mean something (SLA: on target or not; CSAT: score).
  function bar(labels, values, label, colors, options) {
    return {
      type: 'bar',
      data: { labels: labels, datasets: [{ label: label, data: values, backgroundColor: colors || BLUE }] },
      options: Object.assign({ plugins: { legend: { display: false } }, scales: { y: counts() } }, options || {}),
    };
  }

  var trend = data.trend;
  draw('chart-trend', {
    type: 'bar',
    data: {
      labels: trend.labels,
      datasets: [
        { type: 'bar', label: trend.names.opened, data: trend.opened, backgroundColor: '#2563eb' },
        { type: 'bar', label: trend.names.resolved, data: trend.resolved, backgroundColor: '#16a34a' },
        {
          type: 'line',
          label: trend.names.openAtEnd,
          data: trend.openAtEnd,
          borderColor: '#f59e0b',
          backgroundColor: '#f59e0b',
        },
        {
          type: 'line',
          label: trend.names.sla,
          data: trend.sla,
          borderColor: '#7c3aed',
          backgroundColor: '#7c3aed',
          borderDash: [6, 3],
          yAxisID: 'pct',
          spanGaps: true,
        },
      ],
    },
    options: {
      plugins: { legend: { labels: { boxWidth: 12 } } },
      scales: { y: counts(), pct: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false } } },
    },
  });
  draw(
    'chart-sla',
    bar(data.slaByPriority.labels, data.slaByPriority.values, data.slaByPriority.title, data.slaByPriority.colors, {
      scales: { y: { min: 0, max: 100 } },
    }),
  );
  if (data.csat) draw('chart-csat', bar(data.csat.labels, data.csat.values, data.csat.title, data.csat.colors));
  draw('chart-backlog', bar(data.backlog.labels, data.backlog.values, data.backlog.title));
  draw(
    'chart-categories',
    bar(data.categories.labels, data.categories.values, data.categories.title, null, {
      indexAxis: 'y',
      scales: { x: counts() },
    }),
  );

  document.body.setAttribute('data-charts-drawn', String(drawn));
})();
