// A live count under each text box marked data-counter: "已输入 120 / 1000 字".
document.querySelectorAll("textarea[data-counter][maxlength]").forEach((box) => {
  const note = document.createElement("div");
  note.className = "form-text text-end";
  const show = () => {
    note.textContent = `已输入 ${box.value.length} / ${box.maxLength} 字`;
  };
  box.addEventListener("input", show);
  box.after(note);
  show();
});
