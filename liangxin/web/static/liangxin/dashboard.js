// Draws the dashboard's charts from the JSON the page embeds (#chart-data); every chart's numbers are
// also in the page as a table and in the Excel export. A status's label and colour come with the data,
// from the status registry (liangxin/monitoring/status_codes.py); a value's unit with the indicator
// (for a growth target, the year's total, never "%"). Charts draw as SVG, and every label stays inside
// its chart (legends instead of labels around the donut, target labels inside the plot).
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const dark = document.body.classList.contains("screen");
  const theme = dark ? "dark" : null;
  const num = (v) => (v === null || v === undefined ? null : Number(v));
  const charts = [];

  function draw(name, option) {
    document.querySelectorAll(`[data-chart="${name}"]`).forEach((el) => {
      const chart = echarts.init(el, theme, { renderer: "svg" });
      chart.setOption(Object.assign({ backgroundColor: "transparent", textStyle: { fontSize: dark ? 16 : 12 } }, option));
      charts.push(chart);
    });
  }

  if (data.statusCounts) {
    draw("status", {
      tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
      legend: {
        bottom: 0, left: "center", itemGap: 12,
        formatter: (name) => `${name} ${(data.statusCounts.find((c) => c.label === name) || {}).count}`,
      },
      series: [{
        type: "pie", radius: ["38%", "62%"], center: ["50%", "40%"],
        data: data.statusCounts.filter((c) => c.count > 0).map((c) => ({ name: c.label, value: c.count, itemStyle: { color: c.colour } })),
        label: { position: "inside", formatter: "{c}", color: "#fff" },
      }],
    });
  }
  if (data.sections) {
    draw("sections", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 64, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.sections.map((s) => s.title) },
      series: data.statusCounts.map((c) => ({
        name: c.label, type: "bar", stack: "all", itemStyle: { color: c.colour },
        data: data.sections.map((s) => s.counts[c.status]),
      })),
    });
  }
  if (data.ranking) {
    const rows = data.ranking.filter((r) => r.targets > 0 || r.due > 0);
    draw("ranking", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", inverse: true, data: rows.map((r) => r.name) },
      series: [
        { name: "平均完成进度%", type: "bar", data: rows.map((r) => num(r.progress)), itemStyle: { color: "#b3261e" } },
        { name: "按时报送率%", type: "bar", data: rows.map((r) => num(r.on_time_rate)), itemStyle: { color: "#495057" } },
      ],
    });
  }
  if (data.trend) {
    const t = data.trend;
    const unit = t.unit || "";
    const withUnit = (v) => (v === null || v === undefined ? "—" : `${Number(v)}${unit === "%" ? "%" : unit ? " " + unit : ""}`);
    const nice = (v) => { const step = 10 ** (Math.floor(Math.log10(v)) - 1); return Math.ceil(v / step) * step; };
    const goals = t.paths.map((p) => num(p.goal)).filter((g) => g !== null);
    const series = [{ name: "实际", type: "line", symbolSize: 6, data: t.actual.map((p) => [p.date, num(p.value)]) }];
    t.paths.forEach((p) => {
      const goal = num(p.goal);
      series.push({
        name: `${p.year}年目标路径`, type: "line", lineStyle: { type: "dashed" }, symbol: "none",
        data: p.points.map((q) => [q.date, num(q.expected)]),
        markLine: goal === null ? undefined : {
          symbol: "none", silent: true,
          label: { position: "insideStartTop", formatter: `${p.year}年目标 ${p.words}${num(p.goal) === num(p.target) ? "" : `（全年 ${goal}）`}` },
          data: [{ yAxis: goal }],
        },
      });
    });
    draw("trend", {
      tooltip: { trigger: "axis", valueFormatter: withUnit },
      legend: { bottom: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 36, containLabel: true },
      xAxis: { type: "time", axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", name: unit, nameTextStyle: { align: "left" }, scale: true, nameGap: 24,
        max: (v) => (goals.length && Math.max(...goals) > v.max ? nice(Math.max(...goals) * 1.04) : null) },
      series,
    });
  }
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
