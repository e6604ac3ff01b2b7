function extract_golden_extra(mat_file, json_file)
% Adds the reference's ERL and host-board figures of a saved run (run_reference.sh) to a golden
% JSON written by extract_golden.m: erl_db = [ERL11 ERL22] and avg_z_ohm = [Z11est Z22est] when
% the run computed ERL (ERL = 1), il_with_pcb_nyquist_db (loss_with_PCB) and
% cable_assembly_loss_db (cable__assembley_loss) when it included host boards (Include PCB).
% RackLink's own code.
s = load(mat_file);
o = s.r{1};
g = jsondecode(fileread(json_file));
if isfield(o, 'ERL11') && ~isempty(o.ERL11)
  g.erl_db = [o.ERL11 o.ERL22];
  g.avg_z_ohm = [o.Z11est o.Z22est];
end
if isfield(o, 'loss_with_PCB') && ~isempty(o.loss_with_PCB)
  g.il_with_pcb_nyquist_db = o.loss_with_PCB;
  g.cable_assembly_loss_db = o.cable__assembley_loss;
end
fid = fopen(json_file, 'w');
fprintf(fid, '%s\n', jsonencode(g));
fclose(fid);
end
