/* Draws the dashboard charts from the JSON the server embedded in the page (no inline script). */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('dashboard-data').textContent);
  var palette = [
    '#2563eb',
    '#16a34a',
    '#f59e0b',
    '#dc2626',
    '#7c3aed',
    '#0891b2',
    '#db2777',
    '#65a30d',
    '#ea580c',
    '#475569',
  ];
  var drawn = 0;
  // Ticket and answer counts are whole numbers: no 0.5 ticks.
  function counts() {
    return { beginAtZero: true, ticks: { precision: 0 } };
  }
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, config);
    drawn += 1;
  }

  function bar(labels, values, label, options) {
    return {
      type: 'bar',
      data: { labels: labels, datasets: [{ label: label, data: values, backgroundColor: palette }] },
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
          borderColor: '#dc2626',
          backgroundColor: '#dc2626',
          yAxisID: 'pct',
          spanGaps: true,
        },
      ],
    },
    options: {
      scales: { y: counts(), pct: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false } } },
    },
  });
  draw(
    'chart-sla',
    bar(data.slaByPriority.labels, data.slaByPriority.values, data.slaByPriority.title, {
      scales: { y: { min: 0, max: 100 } },
    }),
  );
  if (data.csat) draw('chart-csat', bar(data.csat.labels, data.csat.values, data.csat.title));
  draw('chart-backlog', bar(data.backlog.labels, data.backlog.values, data.backlog.title));
  draw(
    'chart-categories',
    bar(data.categories.labels, data.categories.values, data.categories.title, {
      indexAxis: 'y',
      scales: { x: counts() },
    }),
  );

  document.body.setAttribute('data-charts-drawn', String(drawn));
})();
