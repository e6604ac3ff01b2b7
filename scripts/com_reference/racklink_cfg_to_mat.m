function racklink_cfg_to_mat(cfg_file, mat_file, overrides)
% Convert a RackLink COM configuration (plain text, "name = value" lines, '#' comments,
% names as in the IEEE 802.3 COM configuration spreadsheets) into the two-column cell array
% `parameter` that the IEEE COM reference reads from a .mat configuration file.
% overrides: optional cell array {name, value_string, ...} appended/replacing entries.
% RackLink's own code; contains nothing from the reference implementation.
if nargin < 3, overrides = {}; end
txt = fileread(cfg_file);
lines = regexp(txt, '\r?\n', 'split');
names = {}; vals = {};
for k = 1:numel(lines)
  L = lines{k};
  h = strfind(L, '#');
  if ~isempty(h), L = L(1:h(1)-1); end
  L = strtrim(L);
  if isempty(L), continue; end
  e = strfind(L, '=');
  if isempty(e), error('%s:%d: expected "name = value"', cfg_file, k); end
  names{end+1} = strtrim(L(1:e(1)-1));
  vals{end+1} = strtrim(L(e(1)+1:end));
end
for k = 1:2:numel(overrides)
  i = find(strcmpi(names, overrides{k}));
  if isempty(i), names{end+1} = overrides{k}; vals{end+1} = overrides{k+1};
  else, vals{i} = overrides{k+1}; end
end
parameter = cell(numel(names), 2);
for k = 1:numel(names)
  parameter{k,1} = names{k};
  [num, ok] = str2num(vals{k});
  if ok && ~isempty(num)
    parameter{k,2} = num;
  elseif ok && strcmp(strtrim(vals{k}), '[]')
    parameter{k,2} = [];
  else
    parameter{k,2} = vals{k};
  end
end
save('-v7', mat_file, 'parameter');
end
